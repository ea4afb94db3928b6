using LuatHost.Luat;
using LuatHost.Runtime;
using LuatHost.Scripting;
using LuatHost.Testing;

namespace LuatHost.EndToEnd.Tests;

/// <summary>
/// Luat's message-timer rule (Host.Libs/Runtime/MessageTimerBook.cs) through both faces with one table of cases:
/// each case runs as a Lua project (sys.timerStart & co.) and as a C# script (sys.TimerStart & co.), and both must
/// print the same ids and firings. Expected lines follow openLuat's script_LuaTask/lib/sys.lua (Luat_4G_RDA_8910):
/// ids from 0x20000000 in order (printed here less 0x20000000); timerStart first stops the timer its callback (and
/// args) already has; a one-shot leaves timerPool before its callback runs; a loop timer keeps its id and is
/// started again after its callback unless the callback stopped it; timerStop/timerStopAll/timerIsActive by
/// callback or by id. Waits only ever let timers that must not fire prove it: the order of what does fire is fixed
/// by due times on one loop, whatever the machine's load.
/// </summary>
/// <remarks>
/// A case is `;`-separated steps over three callbacks A, B, C: `start X ms`, `loop X ms` (print `id X n`),
/// `stop X`, `stopid n`, `stopall X`, `active X`, `activeid n` (print `active… true|false`), `wait ms`,
/// `until X n` (wait until X fired n times), and `on X n STEP` (X runs STEP inside its n-th call, after printing
/// `fire X n`). The script prints `end` last.
/// </remarks>
public sealed class MessageTimerFacesTests(MessageTimerFacesTests.ScriptFolder folder) : IClassFixture<MessageTimerFacesTests.ScriptFolder>
{
    public static TheoryData<string, string, string[]> Cases() => new()
    {
        {
            "ids count up from 0x20000000",
            "start A 1000;start B 1000;start C 1000;stopall A;stopall B;stopall C",
            ["id A 0", "id B 1", "id C 2", "end"]
        },
        {
            "starting a callback again stops its earlier timer and takes a new id",
            "start A 50;start A 30;activeid 0;activeid 1;until A 1;wait 200",
            ["id A 0", "id A 1", "activeid 0 false", "activeid 1 true", "fire A 1", "end"]
        },
        {
            "a loop timer keeps its id, is active in its callback and repeats until its callback stops it",
            "on A 1 activeid 0;on A 3 stopid 0;loop A 10;until A 3;wait 100;activeid 0",
            ["id A 0", "fire A 1", "activeid 0 true", "fire A 2", "fire A 3", "activeid 0 false", "end"]
        },
        {
            "a one-shot is forgotten before its callback runs",
            "on B 1 activeid 0;start B 10;until B 1;active B",
            ["id B 0", "fire B 1", "activeid 0 false", "active B false", "end"]
        },
        {
            "a one-shot may start itself again from its callback",
            "on A 1 start A 10;start A 10;until A 2;wait 100",
            ["id A 0", "fire A 1", "id A 1", "fire A 2", "end"]
        },
        {
            "a loop timer started again from its callback becomes the new timer and the loop ends",
            "on A 2 start A 10;loop A 10;until A 3;wait 100",
            ["id A 0", "fire A 1", "fire A 2", "id A 1", "fire A 3", "end"]
        },
        {
            "stopping by callback stops that callback's timer only",
            "start A 20;start B 20;stop A;active A;active B;wait 150",
            ["id A 0", "id B 1", "active A false", "active B true", "fire B 1", "end"]
        },
        {
            "stopAll stops the callback's timer, loop or not, and leaves the others",
            "loop A 10;start B 1000;stopall A;activeid 0;activeid 1;stopall B;wait 100",
            ["id A 0", "id B 1", "activeid 0 false", "activeid 1 true", "end"]
        },
        {
            "a stopped id is not given out again while the count goes on",
            "start A 1000;stopid 0;start A 1000;start B 1000;stopall A;stopall B",
            ["id A 0", "id A 1", "id B 2", "end"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_lua_face_follows_luat_s_message_timer_rule(string behaviour, string steps, string[] expected)
    {
        Assert.True(expected.Length > 0, behaviour);
        Assert.Equal(expected, await RunLuaAsync(steps));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_csharp_face_follows_luat_s_message_timer_rule(string behaviour, string steps, string[] expected)
    {
        Assert.True(expected.Length > 0, behaviour);
        Assert.Equal(expected, await RunCSharpAsync(steps));
    }

    private static async Task<string[]> RunLuaAsync(string steps)
    {
        using var project = new TemporaryFolder("luathost-timers");
        project.Write("project/main.lua", LuaInterpreter.Replace("@STEPS@", steps, StringComparison.Ordinal));
        Directory.CreateDirectory(project.PathOf("device"));
        var output = new OutputLines();
        var options = new LuatRunOptions
        {
            ProjectDirectory = project.PathOf("project"),
            DataDirectory = project.PathOf("device"),
            Output = output.Add,
            Duration = HangGuard.Limit,
            RestartOnRequest = false,
        };
        var result = await new LuatProjectRunner(options).RunAsync();
        Assert.True(result.ExitCode == 0, $"{result.Error}\n{string.Join("\n", output.Lines)}");
        return [.. output.Lines];
    }

    private async Task<string[]> RunCSharpAsync(string steps)
    {
        var output = new OutputLines();
        var errors = new StringWriter();
        using var loop = new EventLoop();
        var globals = new ScriptGlobals(loop, output.Add) { Args = [steps] };
        using var hang = new CancellationTokenSource(HangGuard.Limit);
        var options = new ScriptRunOptions { CacheDirectory = folder.PathOf("cache"), ErrorOutput = errors };
        var exit = await Task.Run(() => new CSharpScriptRunner().RunAsync(folder.Script, options, globals, hang.Token));
        Assert.True(exit == ScriptExitCodes.Success, $"exit {exit}: {errors}\n{string.Join("\n", output.Lines)}");
        return [.. output.Lines];
    }

    /// <summary>The C# interpreter of the steps, compiled once (the cache) for every case.</summary>
    public sealed class ScriptFolder : IDisposable
    {
        private readonly TemporaryFolder _folder = new("luathost-timers-csx");

        public ScriptFolder() => Script = _folder.Write("timers.csx", CSharpInterpreter);

        public string Script { get; }

        public string PathOf(string relative) => _folder.PathOf(relative);

        public void Dispose() => _folder.Dispose();
    }

    private const string LuaInterpreter = """
        PROJECT = "TIMERS"
        VERSION = "1.0.0"
        require "sys"
        local FIRST = 0x20000000
        local fired, rules, callbacks = { A = 0, B = 0, C = 0 }, {}, {}
        local function words(text)
          local t = {}
          for w in text:gmatch("%S+") do t[#t + 1] = w end
          return t
        end
        local function yes(value) return value and "true" or "false" end
        local run
        for _, name in ipairs({ "A", "B", "C" }) do
          callbacks[name] = function()
            fired[name] = fired[name] + 1
            print("fire " .. name .. " " .. fired[name])
            local step = rules[name .. " " .. fired[name]]
            if step then run(step) end
          end
        end
        run = function(step)
          local t = words(step)
          local op, x = t[1], t[2]
          if op == "start" then print("id " .. x .. " " .. string.format("%d", sys.timerStart(callbacks[x], tonumber(t[3])) - FIRST))
          elseif op == "loop" then print("id " .. x .. " " .. string.format("%d", sys.timerLoopStart(callbacks[x], tonumber(t[3])) - FIRST))
          elseif op == "stop" then sys.timerStop(callbacks[x])
          elseif op == "stopid" then sys.timerStop(FIRST + tonumber(x))
          elseif op == "stopall" then sys.timerStopAll(callbacks[x])
          elseif op == "active" then print("active " .. x .. " " .. yes(sys.timerIsActive(callbacks[x])))
          elseif op == "activeid" then print("activeid " .. x .. " " .. yes(sys.timerIsActive(FIRST + tonumber(x))))
          elseif op == "on" then rules[x .. " " .. t[3]] = table.concat(t, " ", 4)
          else error("unknown step " .. step) end
        end
        sys.taskInit(function()
          for step in ("@STEPS@"):gmatch("[^;]+") do
            local t = words(step)
            if t[1] == "wait" then sys.wait(tonumber(t[2]))
            elseif t[1] == "until" then
              while fired[t[2]] < tonumber(t[3]) do sys.wait(5) end
            else run(step) end
          end
          print("end")
          os.exit(0)
        end)
        sys.run()
        """;

    private const string CSharpInterpreter = """
        const long First = 0x20000000;
        var fired = new Dictionary<string, int> { ["A"] = 0, ["B"] = 0, ["C"] = 0 };
        var rules = new Dictionary<string, string>();
        var callbacks = new Dictionary<string, Action>();
        string Yes(bool value) => value ? "true" : "false";
        void Run(string step)
        {
            var t = step.Split(' ');
            var (op, x) = (t[0], t[1]);
            switch (op)
            {
                case "start": print($"id {x} {sys.TimerStart(callbacks[x], int.Parse(t[2])) - First}"); break;
                case "loop": print($"id {x} {sys.TimerLoopStart(callbacks[x], int.Parse(t[2])) - First}"); break;
                case "stop": sys.TimerStop(callbacks[x]); break;
                case "stopid": sys.TimerStop(First + long.Parse(x)); break;
                case "stopall": sys.TimerStopAll(callbacks[x]); break;
                case "active": print($"active {x} {Yes(sys.TimerIsActive(callbacks[x]))}"); break;
                case "activeid": print($"activeid {x} {Yes(sys.TimerIsActive(First + long.Parse(x)))}"); break;
                case "on": rules[$"{x} {t[2]}"] = string.Join(' ', t[3..]); break;
                default: throw new ArgumentException("unknown step " + step);
            }
        }
        foreach (var name in new[] { "A", "B", "C" })
        {
            callbacks[name] = () =>
            {
                fired[name]++;
                print($"fire {name} {fired[name]}");
                if (rules.TryGetValue($"{name} {fired[name]}", out var step)) Run(step);
            };
        }
        foreach (var step in Args[0].Split(';'))
        {
            var t = step.Split(' ');
            if (t[0] == "wait") await sys.WaitAsync(int.Parse(t[1]));
            else if (t[0] == "until") { while (fired[t[1]] < int.Parse(t[2])) await sys.WaitAsync(5); }
            else Run(step);
        }
        print("end");
        """;
}
