# CG501: an activity on personal data is not in a notice of each controller.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg501

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	input.facts.activities[name].personal
	some i, c in activity.spec.controllers
	input.organisations[c]
	not input.facts.activities[name].notices[c]
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("activity %s on personal data is not listed in any transparency notice of its controller %s", [name, c]),
		"help": sprintf("add %s to the activities of a TransparencyNotice published by %s", [name, c]),
	}
}
