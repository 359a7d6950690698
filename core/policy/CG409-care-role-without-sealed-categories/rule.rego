# CG409: a care role with identifiable data excludes no sensitive categories.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg409

import rego.v1

deny contains finding if {
	some name, role in input.accessRoles
	"Identifiable" in role.spec.dataForms
	"IndividualCare" in role.spec.purposes
	count(object.get(role.spec, "excludedSensitiveCategories", [])) == 0
	finding := {
		"resource": {"kind": "AccessRole", "name": name},
		"path": ["spec", "excludedSensitiveCategories"],
		"message": sprintf("role %s sees identifiable care records with no sensitive category excluded", [name]),
		"help": "exclude sealed categories: SexualHealth, Fertility, GenderIdentity, Safeguarding (and any the record seals)",
	}
}
