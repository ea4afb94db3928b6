--- Receiving: wait up to 60 s for a message; a publish of "APP_SOCKET_SEND_DATA" ends the wait early so the task can
-- send. Returns false when the session broke.
module(..., package.seeall)

function proc(client)
  while true do
    local ok, data = client:receive(60000, "APP_SOCKET_SEND_DATA")
    if ok then
      log.info("mqttInMsg", data.topic, data.qos, data.payload)
    else
      return data == "timeout" or data == "APP_SOCKET_SEND_DATA"
    end
  end
end
