using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// pio: GPIO is hardware the PC lacks; calls are recorded. Pin names `pio.P<port>_<pin>` resolve
/// dynamically to port*32+pin (eLua PLATFORM_IO_ENCODE), e.g. pio.P0_4 == 4, pio.P2_0 == 64.
/// </summary>
public static class PioModule
{
    public static LuatLibrary Library { get; } = new("pio", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        var calls = lib.Context.HardwareCalls;
        lib.Constant("INPUT", 0).Constant("OUTPUT", 1).Constant("OUTPUT1", 2).Constant("INT", 3)
            .Constant("PULLUP", 0).Constant("PULLDOWN", 1).Constant("NOPULL", 2)
            .Constant("INT_HIGH", 1).Constant("INT_LOW", 0).Constant("CONT", 4)
            .Function("_record", lua =>
            {
                calls.Record(lua.Text(1, "pio"));
                return 0;
            })
            .LuaPart("pins", $$"""
                local pio = ...
                local record = pio._record
                pio._record = nil
                local function group(prefix, names, result)
                  local t = {}
                  for _, name in ipairs(names) do
                    t[name] = function(...)
                      local args = {}
                      for i = 1, select("#", ...) do args[i] = tostring((select(i, ...))) end
                      record(prefix .. name .. "(" .. table.concat(args, ",") .. ")")
                      return result
                    end
                  end
                  return t
                end
                pio.pin = group("pio.pin.", { "setdir", "setpull", "setval", "sethigh", "setlow", "close", "setdebounce", "pwm" })
                -- setdir(pio.INT, pin, pio.CONT) makes the pin count pulses; its getval then answers a table
                -- (Luat's demo/gpio: low and high counts, duration in us since the last read). No pulse reaches the PC.
                local counting, lastRead = {}, {}
                local setdir = pio.pin.setdir
                pio.pin.setdir = function(dir, pin, mode, ...)
                  counting[pin] = (dir == pio.INT and mode == pio.CONT) or nil
                  lastRead[pin] = rtos.tick()
                  return setdir(dir, pin, mode, ...)
                end
                pio.pin.getval = function(pin)
                  if not counting[pin] then return 0 end
                  local now = rtos.tick()
                  local elapsed = (now - lastRead[pin]) * 1000 // {{RtosModule.TicksPerMillisecond}}
                  lastRead[pin] = now
                  return { low = 0, high = 0, duration = elapsed }
                end
                pio.port = group("pio.port.", { "setdir", "setpull", "setval", "sethigh", "setlow", "close" })
                pio.port.getval = function() return 0 end
                setmetatable(pio, { __index = function(t, key)
                  local port, pin = tostring(key):match("^P(%d+)_(%d+)$")
                  if port then return tonumber(port) * 32 + tonumber(pin) end
                end })
                """);
    }
}
