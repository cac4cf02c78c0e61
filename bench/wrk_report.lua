-- wrk script of the benchmark (bench/load.py): counts every answer outside 2xx (wrk itself
-- counts only those from 400 up, so a redirect to the login page would pass as a page), and
-- prints one line of JSON after the run that load.py reads.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   non_2xx = 0
   first_bad_status = 0
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non_2xx = non_2xx + 1
      if first_bad_status == 0 then
         first_bad_status = status
      end
   end
end

function done(summary, latency, requests)
   local bad, bad_status = 0, 0
   for _, thread in ipairs(threads) do
      bad = bad + thread:get("non_2xx")
      if bad_status == 0 then
         bad_status = thread:get("first_bad_status")
      end
   end
   local errors = summary.errors
   io.write(string.format(
      "BENCH_RESULT {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p95_us\": %d, "
         .. "\"non_2xx\": %d, \"first_bad_status\": %d, \"socket_errors\": %d, "
         .. "\"timeouts\": %d}\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
      bad, bad_status, errors.connect + errors.read + errors.write, errors.timeout))
end
