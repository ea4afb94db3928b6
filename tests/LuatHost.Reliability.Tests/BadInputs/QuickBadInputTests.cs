using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>
/// R3, the cases that fail fast: argument and file mistakes, script errors, sandbox violations. Each runs the real CLI
/// and asserts its exit code and a stable fragment of its message.
/// </summary>
public sealed class QuickBadInputTests(ITestOutputHelper output)
{
    private static readonly BadInputCase[] Cases =
    [
        new("lua syntax error", 1, "main.lua:4: unexpected symbol near '='",
            f => ["run", BadInputProjects.LuaProject(f, "local x = = 1")]),
        new("lua runtime error at top level", 1, "main.lua:4: boom at top",
            f => ["run", BadInputProjects.LuaProject(f, "error(\"boom at top\")")]),
        new("missing project", 2, "does not exist (give a project folder, a .lua file or a .csx script)",
            f => ["run", f.Dir("no-such-project")]),
        new("folder without main.lua", 2, "no main.lua in",
            f => { f.Write("empty/readme.txt", "x"); return ["run", f.Dir("empty")]; }),
        new("unknown module", 1, "module 'nosuchmod' not found",
            f => ["run", BadInputProjects.LuaProject(f, "require \"nosuchmod\"")]),
        new("VFS escape with ../", 1, "is outside the device file system",
            f => ["run", BadInputProjects.LuaProject(f, "local h = io.open(\"../../etc/passwd\")")]),
        new("os.execute without --unsafe", 1, "--unsafe",
            f => ["run", BadInputProjects.LuaProject(f, "os.execute(\"echo hi\")")]),
        new("io.popen without --unsafe", 1, "--unsafe",
            f => ["run", BadInputProjects.LuaProject(f, "io.popen(\"echo hi\")")]),
        new("serial port that does not exist", 3, "Serial port /dev/ttyLUATHOSTNOPE does not exist",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--port", "/dev/ttyLUATHOSTNOPE"]),
        new("port spec with a bad TCP port number", 3, "with a port number 1..65535",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--port", "tcp://127.0.0.1:99999"]),
        new("TCP port with nothing listening", 3, "Cannot connect to tcp://127.0.0.1:",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--port", $"tcp://127.0.0.1:{CaseFolder.UnusedPort()}"]),
        new("sim port already in use", 1, "cannot listen on",
            f => ["sim", "--listen", $"tcp://127.0.0.1:{f.OccupyPort()}"]),
        new("bad --for duration", 2, "--for 'abc' is not a duration",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--for", "abc"]),
        new("unknown log level", 2, "unknown log level 'loud'",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--log-level", "loud"]),
        new("C# compile error", 2, "error CS0029",
            f => ["run", BadInputProjects.CSharpFlow(f, "int x = \"a\";\n")]),
        new("C# script file missing", 3, "cannot read the script",
            f => ["run", f.Dir("nowhere/flow.csx")]),
        new("missing registry file", 1, "registry file",
            f => ["cloud", "--registry", f.Dir("no-registry.json")]),
        new("bad sign mode", 1, "Argument 'bogus' not recognized",
            f => ["sign", "--mode", "bogus", "--pk", "a", "--dn", "b", "--ds", "c"]),
        new("sign without a device secret", 2, "no DeviceSecret: pass --ds or set LUATHOST_DEVICE_SECRET",
            f => ["sign", "--pk", "a", "--dn", "b"]),
        new("sign with an unknown method", 2, "unknown --method 'md9'",
            f => ["sign", "--pk", "a", "--dn", "b", "--ds", "c", "--method", "md9"]),
        new("sim with a malformed IMEI", 2, "must be 15 digits",
            f => ["sim", "--imei", "12"]),
        new("sim with a malformed host map rule", 2, "must look like",
            f => ["sim", "--map", "bad"]),
        new("sim with an unknown called party", 2, "--called-party 'maybe' is not one of answers, busy, no-answer",
            f => ["sim", "--called-party", "maybe"]),
        new("unknown sub-command", 1, "Unrecognized command or argument 'bogus'",
            f => ["bogus"]),
        new("malformed cloud-registry.json in the project", 2, "cloud-registry.json",
            f =>
            {
                var project = BadInputProjects.LuaProject(f, "");
                f.Write("proj/cloud-registry.json", "{ \"products\": [ ");
                return ["run", project];
            }),
        new("malformed cloud-script.json in the project", 2, "is not a valid cloud script",
            f =>
            {
                var project = BadInputProjects.LuaProject(f, "");
                f.Write("proj/cloud-script.json", "{ \"rules\": [ { ");
                return ["run", project];
            }),
    ];

    public static TheoryData<string> CaseNames => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task Bad_input_gives_its_exit_code_and_a_message_naming_the_problem(string name) =>
        BadInputAssertions.RunAsync(Cases.Single(c => c.Name == name), output);
}
