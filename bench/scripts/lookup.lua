-- GET /v1/eligibility with the demo customer's bearer token (BENCH_TOKEN), as a browser sends it.
package.path = package.path .. ";" .. os.getenv("BENCH_SCRIPTS") .. "/?.lua"
require("wrk-report")
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Accept"] = "application/json"
wrk.headers["Accept-Language"] = "ko-KR,ko;q=0.9,en;q=0.8"
