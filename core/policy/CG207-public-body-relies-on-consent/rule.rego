# CG207: a public body relies on Article 6 consent for care or planning.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg207

import rego.v1

planning := {"IndividualCare", "PopulationHealthManagement", "RiskStratificationPlanning", "ServicePlanning", "PathwayPlanning", "Commissioning", "PerformanceManagement"}

deny contains finding if {
	some name, activity in input.activities
	activity.spec.purpose in planning
	basis := input.lawfulBases[activity.spec.lawfulBasis]
	basis.spec.article6 == "Consent"
	some org in activity.spec.controllers
	input.facts.organisations[org].publicBody
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "lawfulBasis"],
		"message": sprintf("public body %s relies on Article 6 Consent for %s activity %s; public task is the expected basis", [org, activity.spec.purpose, name]),
		"help": "use PublicTask (Article 6(1)(e)); keep consent for the common law duty where it is needed",
	}
}
