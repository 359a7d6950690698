# CG301: personal data flows between controllers with no sharing agreement.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg301

import rego.v1

deny contains finding if {
	some flow in input.facts.flows
	count(flow.candidates) == 0
	some i, c in input.activities[flow.activity].spec.controllers
	c == flow.to
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": flow.activity},
		"path": ["spec", "controllers", i],
		"message": sprintf("%s data flows from %s (a controller of store %s) to %s for activity %s, and no sharing agreement names both and covers the activity", [flow.dataForm, flow.from, flow.store, flow.to, flow.activity]),
		"help": sprintf("sign a DataSharingAgreement (or DSPA) between %s and %s as controllers that lists activity %s", [flow.from, flow.to, flow.activity]),
	}
}
