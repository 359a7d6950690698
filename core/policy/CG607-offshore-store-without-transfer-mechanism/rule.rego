# CG607: personal data held outside the UK without a transfer mechanism.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg607

import rego.v1

deny contains finding if {
	some name, store in input.dataStores
	input.facts.dataStores[name].personal
	not input.facts.dataStores[name].ukLocation
	not store.spec.transfer
	finding := {
		"resource": {"kind": "DataStore", "name": name},
		"path": ["spec", "location"],
		"message": sprintf("store %s holds personal data in %s with no recorded transfer mechanism", [name, store.spec.location]),
		"help": "record spec.transfer {mechanism, reference} (adequacy, IDTA, UK Addendum, ...) or keep the data in the UK",
	}
}
