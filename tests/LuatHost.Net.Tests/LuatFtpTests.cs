using System.Security.Cryptography;
using LuatHost.Modem;
using LuatHost.Net.Tests.Support;
using LuatHost.Sim.Module;

namespace LuatHost.Net.Tests;

/// <summary>
/// Luat's ftp library (the API of Luat's lib/ftp.lua, as its demo/ftp uses it) through the virtual module's socket
/// commands to pyftpdlib: login, commands and their multi-line replies, directories, a listing, an upload and a
/// download over passive data connections, each transfer complete only with the server's 226.
/// </summary>
public sealed class LuatFtpTests : IAsyncLifetime
{
    private const string Host = "ftp.example.com";
    private readonly Testing.TemporaryFolder _root = new();
    private FtpServer? _server;
    private ModemLink? _link;

    public async Task InitializeAsync()
    {
        if (FtpServer.MissingReason is not null) return;
        _server = await FtpServer.StartAsync(_root.Root);
        // The command connection goes by name; the data connections go to the address PASV names (127.0.0.1).
        _link = await ModemLink.StartAsync(new ModuleOptions { HostMap = new HostMap().Add(Host, "127.0.0.1", _server.Port, RemoteProtocol.Tcp) });
    }

    public async Task DisposeAsync()
    {
        if (_link is not null) await _link.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
        _root.Dispose();
    }

    [FtpFact]
    public async Task A_session_logs_in_walks_directories_lists_uploads_and_downloads_as_the_server_sees_it()
    {
        var served = TestWebServer.Pattern(100_000);
        File.WriteAllBytes(_root.PathOf("big.bin"), served);
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("ftp", $$"""
            print("login", ftp.login("PASV", "{{Host}}", {{_server!.Port}}, "{{FtpServer.User}}", "{{FtpServer.Password}}"))
            local code, text = ftp.command("SYST")
            print("syst", code, text:match("UNIX") ~= nil)
            print("mkd", (ftp.mkd("/up")))
            print("cwd", (ftp.cwd("/up")))
            code, text = ftp.pwd()
            print("pwd", code, text:match('"(.-)"'))
            print("cdup", (ftp.cdup()))
            local up = {}
            for i = 0, 29999 do up[#up + 1] = string.char(i % 251) end
            io.writeFile("/up.bin", table.concat(up))
            print("upload", ftp.upload("/up/up.bin", "/up.bin"))
            print("download", ftp.download("/big.bin", "/big.bin"))
            print("md5", crypto.md5("/big.bin", "file"), io.fileSize("/big.bin"))
            local ok, listing = ftp.list("/")
            print("list", ok, listing:find("big.bin", 1, true) ~= nil, listing:find("up", 1, true) ~= nil)
            print("missing", (ftp.download("/nosuch.bin", "/nosuch.bin")))
            ftp.close()
            """, _link!);

        script.AssertPrinted(
            "login\t200\tftp login success",
            "syst\t215\ttrue",
            "mkd\t257",
            "cwd\t250",
            "pwd\t257\t/up",
            "cdup\t250",
            "upload\t200\tftp success",
            "download\t200\tftp success",
            $"md5\t{Convert.ToHexString(MD5.HashData(served))}\t100000",
            "list\ttrue\ttrue\ttrue",
            "missing\t550");
        Assert.Equal(0, result.ExitCode);
        var uploaded = File.ReadAllBytes(_root.PathOf("up/up.bin"));
        Assert.Equal(Enumerable.Range(0, 30000).Select(i => (byte)(i % 251)), uploaded);
    }

    [FtpFact]
    public async Task A_wrong_password_returns_the_server_s_530_and_the_session_is_closed()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("ftp", $$"""
            local code, text = ftp.login("PASV", "{{Host}}", {{_server!.Port}}, "{{FtpServer.User}}", "wrong")
            print(code, text:find("uthentication failed") ~= nil)
            print(ftp.pwd())
            """, _link!);

        script.AssertPrinted("530\ttrue", "503\tSOCKET_NOT_CONNECTED");
        Assert.Equal(0, result.ExitCode);
    }
}
