--- Publishing: a queue of messages, filled by timers (QoS 0 every 10 s, QoS 1 every 20 s) and sent by proc.
module(..., package.seeall)

local queue = {}
local qos0Timer, qos1Timer

local function enqueue(topic, payload, qos)
  table.insert(queue, { topic = topic, payload = payload, qos = qos })
  sys.publish("APP_SOCKET_SEND_DATA")
end

local function qos0() enqueue("/luat/qos0", "qos0 data " .. os.time(), 0) end
local function qos1() enqueue("/luat/qos1", "qos1 data " .. os.time(), 1) end

function init()
  qos0Timer = sys.timerLoopStart(qos0, 10000)
  qos1Timer = sys.timerLoopStart(qos1, 20000)
  qos0()
end

function unInit()
  sys.timerStop(qos0Timer)
  sys.timerStop(qos1Timer)
  queue = {}
end

function proc(client)
  while #queue > 0 do
    local item = table.remove(queue, 1)
    local ok = client:publish(item.topic, item.payload, item.qos)
    log.info("mqttOutMsg", item.topic, ok)
    if not ok then return false end
  end
  return true
end
