using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// The firmware's directory listing in <c>io</c>, as Luat's demo/sdCard walks a folder: <c>io.opendir(path)</c> → true
/// when the folder exists, then <c>io.readdir()</c> → type, name, size for each entry (32 for a file and 16 for a folder:
/// the FAT attribute bits "archive" and "directory"; demo/sdCard takes 32 as a file), nil at the end;
/// <c>io.closedir()</c>. One listing open at a time, as on the module; confined to the device's file system.
/// </summary>
public static class IoDirectoryModule
{
    private const int FileType = 0x20;
    private const int FolderType = 0x10;

    public static LuatLibrary Library { get; } = new("io", LuatLibraryKind.CoreExtension, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        var files = lib.Context.Files;
        Queue<FileSystemInfo>? listing = null;
        lib.Function("opendir", lua =>
            {
                listing = null;
                try
                {
                    var folder = new DirectoryInfo(files.Resolve(lua.Text(1, "io.opendir")));
                    if (folder.Exists) listing = new Queue<FileSystemInfo>(folder.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // No such folder, or outside the device's file system: as a module answers a missing card.
                }
                lua.PushBoolean(listing is not null);
                return 1;
            })
            .Function("readdir", lua =>
            {
                if (listing is null || !listing.TryDequeue(out var entry))
                {
                    lua.PushNil();
                    return 1;
                }
                lua.PushInteger(entry is DirectoryInfo ? FolderType : FileType);
                lua.PushString(entry.Name);
                lua.PushInteger(entry is FileInfo file ? file.Length : 0);
                return 3;
            })
            .Function("closedir", lua =>
            {
                listing = null;
                lua.PushBoolean(true);
                return 1;
            });
    }
}
