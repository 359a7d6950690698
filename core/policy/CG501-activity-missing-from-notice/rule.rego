# CG501: an activity on personal data is not in a notice of each controller.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg501

import rego.v1

deny contains finding if {
	some name, facts in input.facts.activities
	some c, listed in facts.notices
	listed == false
	facts.personal
	input.organisations[c]
	some i, controller in input.activities[name].spec.controllers
	controller == c
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("activity %s on personal data is not listed in any transparency notice of its controller %s", [name, c]),
		"help": sprintf("add %s to the activities of a TransparencyNotice published by %s", [name, c]),
	}
}
