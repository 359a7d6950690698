# CG102: an organisation without the Commissioner function controls commissioning.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg102

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	activity.spec.purpose in {"Commissioning", "IndividualFunding"}
	not activity.spec.delegation
	some i, org in activity.spec.controllers
	input.organisations[org]
	not "Commissioner" in input.facts.organisations[org].functions
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("%s is a controller of %s activity %s but does not hold the Commissioner function", [org, activity.spec.purpose, name]),
		"help": "make the commissioner the controller (the provider may act as its processor), or record spec.delegation if the function was delegated",
	}
}
