--- pm: wake locks (lib/pm.lua semantics). The PC never sleeps; the tags are still tracked so
-- pm.isSleep answers as on the device.
module(..., package.seeall)

local tags = {}

function wake(tag)
  assert(tag and tag ~= nil, "pm.wake tag invalid")
  tags[tag] = 1
  pmd.sleep(0)
end

function sleep(tag)
  assert(tag and tag ~= nil, "pm.sleep tag invalid")
  tags[tag] = 0
  for _, v in pairs(tags) do
    if v > 0 then return end
  end
  pmd.sleep(1)
end

function isSleep(tag)
  if tag then return tags[tag] == 0 end
  for _, v in pairs(tags) do
    if v > 0 then return false end
  end
  return true
end
