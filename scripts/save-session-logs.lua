-- wrk script: each request saves a session log through a running `attune serve`, as
-- scripts/load_test_session_logs.py does, from a client light enough not to compete with the
-- server for the machine's cores (Python's threads took a share of them and added their own
-- waits to the figures). Each save is of session 1-4 of one of centre C0's four programmes, led
-- by C0-F0, with random checks and temperature; an answer of 400 or more (a refused save) counts as an error.
--
--   COOKIE=<attune_session> CSRF=<the form's _csrf, URL-encoded> DAY=$(date -u +%F) \
--     wrk -t 2 -c 16 -d 10s -s scripts/save-session-logs.lua http://127.0.0.1:8080
--
-- Sign in as a facilitator of C0 of a database made by `attune generate` (see
-- scripts/benchmark-sign-in.sh) and read CSRF from /programmes/C0-P0/sessions/1.
local cookie, csrf, day = os.getenv("COOKIE"), os.getenv("CSRF"), os.getenv("DAY")
local checks = {"easy_to_find", "greeted_at_door", "singing", "doll_modelling", "infant_cues_taught", "baby_permission_asked",
                "infant_states_taught", "containing_atmosphere", "technical_skill"}
local answers = {"yes", "no", ""}
local threads = 0
function setup(thread) thread:set("id", threads); threads = threads + 1 end
function init(args) math.randomseed(id * 7919 + os.time()) end
request = function()
  local body = "_csrf=" .. csrf .. "&date=" .. day .. "&lead_facilitator_id=C0-F0&present-C0-F0=on&room_temperature_celsius="
    .. math.random(17, 24) .. "&notes=timed+by+wrk"
  for _, check in ipairs(checks) do body = body .. "&" .. check .. "=" .. answers[math.random(1, 3)] end
  local path = "/programmes/C0-P" .. math.random(0, 3) .. "/sessions/" .. math.random(1, 4)
  return wrk.format("POST", path, {["Cookie"] = "attune_session=" .. cookie, ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("saves: %d in %.0f s (%.0f/s), p50 %.1f ms, p99 %.1f ms, errors %d (status %d, timeouts %d)\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors.status + errors.connect + errors.read + errors.write + errors.timeout, errors.status, errors.timeout))
end
