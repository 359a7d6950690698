# CG608: an independent or VCSE provider names no DPO.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg608

import rego.v1

deny contains finding if {
	some org, facts in input.facts.organisations
	input.organisations[org].spec.type in {"IndependentSectorProvider", "Vcse"}
	facts.healthOrCareProcessing
	not input.organisations[org].spec.contacts.dpo
	finding := {
		"resource": {"kind": "Organisation", "name": org},
		"path": ["spec", "contacts", "dpo"],
		"message": sprintf("%s processes personal health or care data but names no Data Protection Officer", [org]),
		"help": "name a DPO (mandatory where the core activity is large-scale special category processing), or record why none is needed",
	}
}
