# CG402: a care role with identifiable data does not require a legitimate relationship.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg402

import rego.v1

deny contains finding if {
	some name, role in input.accessRoles
	"Identifiable" in role.spec.dataForms
	"IndividualCare" in role.spec.purposes
	not role.spec.requiresLegitimateRelationship
	finding := {
		"resource": {"kind": "AccessRole", "name": name},
		"path": ["spec", "requiresLegitimateRelationship"],
		"message": sprintf("role %s grants identifiable data for individual care without requiring a legitimate relationship", [name]),
		"help": "set requiresLegitimateRelationship: true (break-glass covers emergencies)",
	}
}
