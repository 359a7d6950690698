# CG104: the performer is not a controller and has no processing contract in force.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg104

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	some gap in input.facts.activities[name].processorGaps
	candidates := input.facts.activities[name].processorCandidates
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "performedBy"],
		"message": sprintf("%s performs %s for controller %s but no processing contract in force names %s Controller and %s Processor", [activity.spec.performedBy, name, gap, gap, activity.spec.performedBy]),
		"help": help(candidates),
	}
}

help(candidates) := "put a DataProcessingContract (or DataSharingAndProcessingAgreement) in place that lists the activity, with the controller as Controller and the performer as Processor" if {
	count(candidates) == 0
}

help(candidates) := sprintf("the contract(s) %s exist but are not in force or not signed: see their CG302-CG305 findings", [concat(", ", candidates)]) if {
	count(candidates) > 0
}
