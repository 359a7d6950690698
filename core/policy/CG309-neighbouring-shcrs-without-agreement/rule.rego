# CG309: neighbouring shared care records share with no agreement in force.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg309

import rego.v1

deny contains finding if {
	some name, store in input.dataStores
	some i, n in store.spec.neighbours
	some link in input.facts.dataStores[name].neighbourLinks
	link.neighbour == n
	not link.covered
	finding := {
		"resource": {"kind": "DataStore", "name": name},
		"path": ["spec", "neighbours", i],
		"message": sprintf("shared care records %s and %s share across their boundary with no sharing agreement in force between their controllers", [name, n]),
		"help": "sign a cross-boundary DataSharingAgreement (or DSPA) between a controller of each record",
	}
}
