-- wrk script: POST an application/x-www-form-urlencoded body with HTTP Basic client authentication.
-- Environment: BODY (the form body), BASIC (base64 of client_id:secret), ACCEPT (optional Accept header).
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BASIC")
local accept = os.getenv("ACCEPT")
if accept ~= nil and accept ~= "" then
  wrk.headers["Accept"] = accept
end
