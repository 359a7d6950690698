# CG401: a role grants identifiable data for secondary use without a basis.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg401

import rego.v1

allowed_routes := {"Section251", "CopiRegulations", "ExplicitConsent", "LegalRequirement"}

backed(role_name, purpose) if {
	some b in input.facts.bindingsByRole[role_name]
	act := input.activities[input.accessBindings[b].spec.activity]
	act.spec.purpose == purpose
	act.spec.dataForm == "Identifiable"
	input.lawfulBases[act.spec.lawfulBasis].spec.commonLawDuty in allowed_routes
}

deny contains finding if {
	some name, role in input.accessRoles
	"Identifiable" in role.spec.dataForms
	some i, purpose in role.spec.purposes
	purpose != "IndividualCare"
	not backed(name, purpose)
	finding := {
		"resource": {"kind": "AccessRole", "name": name},
		"path": ["spec", "purposes", i],
		"message": sprintf("role %s grants identifiable data for %s without a bound activity whose basis allows identifiable secondary use", [name, purpose]),
		"help": "grant Pseudonymised or Anonymised data, or bind the role to an activity on Section251, COPI, explicit consent or a legal requirement",
	}
}
