# CG201: an activity on personal data has no Article 6 basis.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg201

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	not activity.spec.lawfulBasis
	input.facts.activities[name].personal
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "lawfulBasis"],
		"message": sprintf("activity %s processes personal data (%s) with no lawful basis", [name, activity.spec.dataForm]),
		"help": "reference a LawfulBasis with article6 (usually PublicTask for public bodies)",
	}
}

deny contains finding if {
	some name, activity in input.activities
	basis := input.lawfulBases[activity.spec.lawfulBasis]
	not basis.spec.article6
	input.facts.activities[name].personal
	finding := {
		"resource": {"kind": "LawfulBasis", "name": activity.spec.lawfulBasis},
		"path": ["spec", "article6"],
		"message": sprintf("lawful basis %s has no Article 6 basis, and activity %s relies on it for personal data", [activity.spec.lawfulBasis, name]),
		"help": "add spec.article6 (PublicTask, LegalObligation, ...)",
	}
}
