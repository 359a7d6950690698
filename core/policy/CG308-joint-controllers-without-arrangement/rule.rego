# CG308: joint controllers have no arrangement in force.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg308

import rego.v1

joint_types := {"JointControllerArrangement", "DataSharingAndProcessingAgreement"}

covers(agreement, act) if count(object.get(agreement.spec, "activities", [])) == 0

covers(agreement, act) if act in agreement.spec.activities

arranged(act, controllers) if {
	some name in input.facts.organisations[controllers[0]].agreements
	agreement := input.agreements[name]
	agreement.spec.agreementType in joint_types
	input.facts.agreements[name].inForce
	covers(agreement, act)
	every c in controllers {
		input.facts.agreements[name].signed[c] == "JointController"
	}
}

deny contains finding if {
	some name, activity in input.activities
	count(activity.spec.controllers) >= 2
	input.facts.organisations[activity.spec.controllers[0]]
	not arranged(name, activity.spec.controllers)
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "controllers"],
		"message": sprintf("activity %s has joint controllers %s but no JointControllerArrangement (or DSPA naming them all JointController) in force between them", [name, concat(", ", activity.spec.controllers)]),
		"help": "record the Article 26 arrangement: who answers data subject rights, who publishes the notice, who does what",
	}
}
