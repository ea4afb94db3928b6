using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LuatHost.Net.Tests.Support;

/// <summary>
/// pyftpdlib (Debian's python3-pyftpdlib), an FTP server nobody here wrote, on loopback: one user with write access
/// to a folder of its own. The tests that need it skip, saying why, when it is not installed.
/// </summary>
internal sealed class FtpServer : IAsyncDisposable
{
    public const string User = "luat";
    public const string Password = "secret-ftp";

    private static readonly string[] PythonCandidates = ["/usr/bin/python3", "python3"];
    private static readonly Lazy<string?> Python = new(FindPython);
    private readonly Process _process;

    private FtpServer(Process process, int port, string root)
    {
        _process = process;
        Port = port;
        Root = root;
    }

    public int Port { get; }

    /// <summary>The folder the server shares: what a script uploads appears here.</summary>
    public string Root { get; }

    /// <summary>Why FTP tests cannot run here, or null when they can.</summary>
    public static string? MissingReason => Python.Value is null ? "no python3 with pyftpdlib (install Debian's python3-pyftpdlib)" : null;

    public static async Task<FtpServer> StartAsync(string root)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Python.Value!)
        {
            ArgumentList = { "-m", "pyftpdlib", "-i", "127.0.0.1", "-p", port.ToString(), "-w", "-d", root, "-u", User, "-P", Password },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new FtpServer(process, port, root);
        // Ready when it accepts a connection; a server that exits (a taken port) ends the wait at once.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"pyftpdlib exited with {process.ExitCode} before listening on {port}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, guard.Token);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50, guard.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindPython()
    {
        foreach (var candidate in PythonCandidates)
        {
            try
            {
                using var check = Process.Start(new ProcessStartInfo(candidate, "-c \"import pyftpdlib\"") { RedirectStandardError = true })!;
                check.WaitForExit(10_000);
                if (check.HasExited && check.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under that name
            }
        }
        return null;
    }
}

/// <summary>A test that needs <see cref="FtpServer"/>: skipped, with the reason, where pyftpdlib is missing.</summary>
public sealed class FtpFactAttribute : FactAttribute
{
    public FtpFactAttribute()
    {
        if (FtpServer.MissingReason is { } reason) Skip = "FTP test skipped: " + reason;
    }
}
