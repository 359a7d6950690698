# CG508: no notice covers international transfers.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg508

import rego.v1

deny contains finding if {
	some org, facts in input.facts.organisations
	some store in facts.storesControlled
	input.facts.dataStores[store].personal
	not input.facts.dataStores[store].ukLocation
	not "InternationalTransfers" in facts.noticeCovers
	finding := {
		"resource": {"kind": "Organisation", "name": org},
		"path": [],
		"message": sprintf("%s controls store %s, located in %s, but none of its notices covers international transfers", [org, store, input.dataStores[store].spec.location]),
		"help": "tell the public where the data goes and under which safeguard (covers: InternationalTransfers)",
	}
}
