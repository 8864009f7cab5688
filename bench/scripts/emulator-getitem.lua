-- The emulator's own GetItem, as the lookup sends it (same table, same customer, strongly consistent), without
-- anything of ours in between: the ceiling for the lookup's rate on this machine. moto does not check
-- signatures; it reads the region and service from the credential scope.
package.path = package.path .. ";" .. os.getenv("BENCH_SCRIPTS") .. "/?.lua"
require("wrk-report")
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "DynamoDB_20120810.GetItem"
wrk.headers["X-Amz-Date"] = "20270115T000000Z"
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20270115/ap-northeast-2/dynamodb/aws4_request, "
  .. "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000"
