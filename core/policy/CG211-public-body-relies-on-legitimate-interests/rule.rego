# CG211: a public body relies on legitimate interests.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg211

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	basis := input.lawfulBases[activity.spec.lawfulBasis]
	basis.spec.article6 == "LegitimateInterests"
	some org in array.concat(activity.spec.controllers, [activity.spec.performedBy])
	input.facts.organisations[org].publicBody
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "lawfulBasis"],
		"message": sprintf("public body %s relies on Article 6 LegitimateInterests (via %s) for activity %s; Article 6(1) forbids it for a public authority's tasks", [org, activity.spec.lawfulBasis, name]),
		"help": "use PublicTask or LegalObligation",
	}
}
