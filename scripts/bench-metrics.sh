#!/bin/sh
# Cost of one GET /metrics render with 10,000 incidents behind the status gauge, in release mode.
# The gauge reads the counts the incident store keeps as it saves (IncidentStatusCounts), as the live service does.
# Prints "metrics scrape with 10,000 incidents: <seconds> per scrape, <bytes> bytes". Nothing is asserted.
set -eu
cd "$(dirname "$0")/.."
swift test -c release --filter MetricsTests.scrapeCostAtTenThousandIncidents 2>&1 | grep -E "metrics scrape|error|failed"
