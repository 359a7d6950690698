# CG412: a role with pseudonymised data has no audit.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg412

import rego.v1

deny contains finding if {
	some name, role in input.accessRoles
	"Pseudonymised" in role.spec.dataForms
	role.spec.audit == "None"
	finding := {
		"resource": {"kind": "AccessRole", "name": name},
		"path": ["spec", "audit"],
		"message": sprintf("role %s grants pseudonymised data with no audit; pseudonymised data is personal data", [name]),
		"help": "set audit: EveryAccess (or at least Sampled)",
	}
}
