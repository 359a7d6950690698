# CG202: an activity on personal health or care data has no Article 9 condition.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg202

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	basis := input.lawfulBases[activity.spec.lawfulBasis]
	object.get(basis.spec, "article9", "None") == "None"
	input.facts.activities[name].personal
	finding := {
		"resource": {"kind": "LawfulBasis", "name": activity.spec.lawfulBasis},
		"path": ["spec", "article9"],
		"message": sprintf("lawful basis %s has no Article 9 condition, and activity %s uses personal health or care data", [activity.spec.lawfulBasis, name]),
		"help": "add spec.article9: HealthOrSocialCare for care and its management, PublicHealth, Research, ...",
	}
}
