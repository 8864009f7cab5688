-- wrk script for OpeningUnderLoadIT: one connection per thread (run with -t N -c N), each thread one customer.
-- Arguments after "--": one spec per thread, "<family>:<mode>:<token>", family s (sign-in routes) or i (identity
-- routes), mode rw (eligibility and claims) or r (eligibility only).
-- Each response is classified: a not-open-yet problem (403, type not-open-yet, Retry-After present), a success
-- (200 or 202), or anything else. Requests on one connection are sequential, so its answers must read
-- not-open*, success*: a not-open answer after a success on the same connection is an inversion.
-- done() prints one line "WRK-RESULT {json}" with the totals.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  local spec = args[id]
  local family, mode, token = spec:match("^(%a):(%a+):(.+)$")
  local prefix = "/v1"
  if family == "i" then prefix = "/v1/verified" end
  local headers = { ["Authorization"] = "Bearer " .. token }
  requests = { wrk.format("GET", prefix .. "/eligibility", headers) }
  if mode == "rw" then
    table.insert(requests, wrk.format("POST", prefix .. "/claims", headers, ""))
  end
  next_request = 0
  not_open = 0
  success = 0
  other = 0
  server_errors = 0
  missing_retry_after = 0
  inversions = 0
  seen_success = false
  statuses = {}
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

local function header(headers, name)
  for key, value in pairs(headers) do
    if string.lower(key) == name then return value end
  end
  return nil
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status >= 500 then server_errors = server_errors + 1 end
  if status == 403 and body and string.find(body, "/problems/not-open-yet", 1, true) then
    not_open = not_open + 1
    if header(headers, "retry-after") == nil then missing_retry_after = missing_retry_after + 1 end
    if seen_success then inversions = inversions + 1 end
  elseif status == 200 or status == 202 then
    success = success + 1
    seen_success = true
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local totals = { not_open = 0, success = 0, other = 0, server_errors = 0, missing_retry_after = 0,
                   inversions = 0 }
  local by_status = {}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do
      totals[key] = totals[key] + (thread:get(key) or 0)
    end
    for status, count in pairs(thread:get("statuses") or {}) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(by_status) do
    table.insert(parts, string.format('"%d":%d', status, count))
  end
  local e = summary.errors
  io.write(string.format('WRK-RESULT {"requests":%d,"durationMicros":%d,"notOpen":%d,"success":%d,"other":%d,'
      .. '"serverErrors":%d,"missingRetryAfter":%d,"inversions":%d,"connectErrors":%d,"readErrors":%d,'
      .. '"writeErrors":%d,"timeouts":%d,"latencyP50Micros":%d,"latencyP99Micros":%d,"latencyMaxMicros":%d,'
      .. '"statuses":{%s}}\n',
      summary.requests, summary.duration, totals.not_open, totals.success, totals.other, totals.server_errors,
      totals.missing_retry_after, totals.inversions, e.connect, e.read, e.write, e.timeout,
      latency:percentile(50), latency:percentile(99), latency.max, table.concat(parts, ",")))
end
