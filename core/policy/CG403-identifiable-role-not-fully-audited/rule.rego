# CG403: a role with identifiable data does not audit every access.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg403

import rego.v1

deny contains finding if {
	some name, role in input.accessRoles
	"Identifiable" in role.spec.dataForms
	role.spec.audit != "EveryAccess"
	finding := {
		"resource": {"kind": "AccessRole", "name": name},
		"path": ["spec", "audit"],
		"message": sprintf("role %s grants identifiable data with audit %s", [name, role.spec.audit]),
		"help": "set audit: EveryAccess",
	}
}
