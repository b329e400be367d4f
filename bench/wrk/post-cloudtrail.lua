-- wrk script: POST /v1/events with one CloudTrail record per request, each with a new eventID so that none
-- is a duplicate (every request decodes, deduplicates and appends to the fsynced journal).
-- The bearer token comes from the environment variable TOKEN.
local token = os.getenv("TOKEN")
local sent = 0
local prefix = tostring(math.random(1, 1000000000))

request = function()
  sent = sent + 1
  local body = string.format('{"Records":[{"eventVersion":"1.08","userIdentity":{"type":"IAMUser",'
    .. '"principalId":"AIDATFQR7NSC5U6Q3TMDR","arn":"arn:aws:iam::123837392027:user/benjamin",'
    .. '"accountId":"123837392027","accessKeyId":"ASIATFQR7NSCTM3XVF6B","userName":"benjamin"},'
    .. '"eventTime":"2023-07-10T11:42:36Z","eventSource":"s3.amazonaws.com","eventName":"GetStorageLensConfiguration",'
    .. '"awsRegion":"us-east-1","sourceIPAddress":"AWS Internal","userAgent":"AWS Internal",'
    .. '"requestParameters":{"Host":"x"},"responseElements":null,"requestID":"CC9X0N62QREGTBMN",'
    .. '"eventID":"%s-%d","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,'
    .. '"recipientAccountId":"123837392027","eventCategory":"Management"}]}', prefix, sent)
  return wrk.format("POST", "/v1/events",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
