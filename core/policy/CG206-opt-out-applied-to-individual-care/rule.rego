# CG206: the national data opt-out is applied to individual care.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg206

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	activity.spec.purpose == "IndividualCare"
	activity.spec.nationalDataOptOut == "Applied"
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "nationalDataOptOut"],
		"message": sprintf("individual care activity %s applies the national data opt-out, which does not apply to individual care and may withhold information from clinicians", [name]),
		"help": "set nationalDataOptOut: NotApplicable",
	}
}
