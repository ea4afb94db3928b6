using LuatHost.At;
using LuatHost.Modem;
using LuatHost.Runtime;

namespace LuatHost.Luat.Device;

/// <summary>
/// misc's view of the module identity, fetched once per power-on in the background and published
/// as ready messages. The SN fallback file lives in the device file system (written atomically),
/// for modules that refuse AT+WISN.
/// </summary>
public sealed class DeviceIdentityCache
{
    /// <summary>Where the SN is kept when the module does not store it.</summary>
    public const string SnFallbackPath = "/luathost_sn.txt";

    private readonly LuatContext _context;
    private readonly AtRequestQueue _at;
    private Task? _fetch;

    private DeviceIdentityCache(LuatContext context)
    {
        _context = context;
        _at = AtRequestQueue.For(context);
    }

    public static DeviceIdentityCache For(LuatContext context) => context.GetService(static c => new DeviceIdentityCache(c));

    public string Imei { get; private set; } = "";
    public string Sn { get; private set; } = "";
    public string Model { get; private set; } = "";
    public string Muid { get; private set; } = "";

    public void Start()
    {
        if (_fetch is not null) return;
        if (_context.Device is null)
        {
            Sn = ReadFallbackSn() ?? "";
            return;
        }
        _fetch = Task.Run(FetchAsync);
    }

    /// <summary>Lua thread: store a new SN; <paramref name="done"/> runs off the Lua thread with the result.</summary>
    public void SetSn(string sn, Action<bool> done)
    {
        if (sn == Sn)
        {
            done(true);
            return;
        }
        _ = Task.Run(async () =>
        {
            var stored = await StoreInModuleAsync(sn).ConfigureAwait(false);
            if (!stored) WriteFallbackSn(sn);
            _context.Messages.PostToLua(_ => Sn = sn);
            done(true);
        });
    }

    private async Task FetchAsync()
    {
        try
        {
            var device = _context.Device!;
            await device.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), _at.Stopping).ConfigureAwait(false);
            var muid = "";
            var read = new ModuleIdentityRead(device.Identity)
            {
                FallbackSn = ReadFallbackSn,
                BeforeModel = async _ => muid = (await _at.ExecuteAsync("AT+MUID?").ConfigureAwait(false)).Value("+MUID") ?? "",
            };
            await read.RunAsync(value =>
            {
                switch (value.Field)
                {
                    case ModuleIdentityField.Imei: Update(() => Imei = value.Text, LuatIdentityMessages.ImeiReady); break;
                    case ModuleIdentityField.Sn: Update(() => Sn = value.Text, LuatIdentityMessages.SnReady); break;
                    default: Update(() => (Muid, Model) = (muid, value.Text), LuatIdentityMessages.ModelReady); break;
                }
            }, _at.Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            _context.Options.Diagnose($"misc: reading the module identity failed: {ex.Message}");
        }
    }

    // As on the device, a value changes on the Lua thread in the same step that publishes it:
    // a script never sees the new value before the message (or the message before the value).
    private void Update(Action apply, string message)
    {
        _context.Messages.PostToLua(_ => apply());
        _context.Publish(message);
    }

    // The module may refuse AT+WISN, or refuse the SN (a quote in it): then the SN lives in the fallback file.
    private async Task<bool> StoreInModuleAsync(string sn)
    {
        if (_context.Device is not { } device) return false;
        try
        {
            return await device.Identity.SetSnAsync(sn, _at.Stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AtException or ArgumentException)
        {
            return false;
        }
    }

    private string? ReadFallbackSn()
    {
        var path = _context.Files.Resolve(SnFallbackPath);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    private void WriteFallbackSn(string sn)
    {
        var path = _context.Files.Resolve(SnFallbackPath);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, sn);
        File.Move(temporary, path, overwrite: true);
    }
}
