--- pb: the SIM phonebook over ril (3GPP TS 27.007 +CPBS/+CPBR/+CPBW), written for LuatHost with the API of Luat's
-- lib/pb.lua: pb.setStorage("SM"|"FD", cb), pb.read(index, cb) → cb(result, name, number), pb.write(index, name,
-- number, cb), pb.delete(index, cb) → cb(result); it publishes PB_READ_CNF(result, index, number, name) and
-- PB_WRITE_CNF(result). Loading it selects "SM", as Luat's does. Names go as the script gives them (the module's default IRA character set).
--
-- Unlike Luat's: a name may hold any character but the quote (Luat's reads only letters and digits, so "Ro b" came back
-- empty), and each request keeps its own callback (Luat's keeps one per kind, so a second read before the first answer
-- took the first's callback). Luat's also answers a script's own ril.request("AT+CPBS?") with CPBS_READ_CNF through
-- ril's response hooks, which the host's ril does not have.
require "ril"
module(..., package.seeall)

--- Chooses the phonebook: "SM" (the SIM's numbers) or "FD" (fixed dialling); cb(result).
function setStorage(storage, cb)
  if storage ~= "SM" and storage ~= "FD" then return end
  ril.request('AT+CPBS="' .. storage .. '"', nil, function(_, success)
    if cb then cb(success) end
  end)
end

--- Reads entry `index`; cb(result, name, number), "" for both when it is empty.
function read(index, cb)
  if index == nil or index == "" then return false end
  ril.request("AT+CPBR=" .. index, nil, function(_, success, _, intermediate)
    local number, name = (intermediate or ""):match('%+CPBR:%s*%d+,"([#%*%+%d]*)",%d+,"([^"]*)"')
    number, name = number or "", name or ""
    sys.publish("PB_READ_CNF", success, tostring(index), number, name)
    if cb then cb(success, name, number) end
  end)
end

--- Writes `name` and `number` to entry `index` (type 129, as Luat writes it); cb(result). Returns true when sent.
function write(index, name, number, cb)
  if index == nil or name == nil or number == nil then return false end
  ril.request(string.format('AT+CPBW=%s,"%s",129,"%s"', tostring(index), tostring(number), tostring(name)), nil,
    function(_, success)
      sys.publish("PB_WRITE_CNF", success)
      if cb then cb(success) end
    end)
  return true
end

--- Empties entry `index`; cb(result). Returns true when sent.
function delete(index, cb)
  if index == nil or index == "" then return false end
  ril.request("AT+CPBW=" .. index, nil, function(_, success)
    sys.publish("PB_WRITE_CNF", success)
    if cb then cb(success) end
  end)
  return true
end

ril.request('AT+CPBS="SM"')
