# Builds hitl-midi for Windows with jpackage: an app-image folder and an .msi. Run it ON WINDOWS in PowerShell
# (jpackage cannot cross-build, and the jar must carry the Windows JavaFX natives, which Maven picks by the
# build OS):
#
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1 [-Type app-image|msi|all] [-Dest DIR]
#
# Needs: a JDK 17+ (jdeps, jlink, jpackage on the PATH), Maven, and the WiX Toolset 3.x (candle.exe and
# light.exe on the PATH; JDK 17's jpackage does not use WiX 4+) for the .msi.
#
# Steps (the same as installer/linux/build):
#   1. mvn -B -DskipTests package                                   -> target\hitl-midi.jar
#   2. jdeps --multi-release 17 --ignore-missing-deps --print-module-deps target\hitl-midi.jar
#   3. jlink --add-modules <those> --strip-debug --no-header-files --no-man-pages --compress=2 --output runtime
#   4. jpackage --type app-image --win-console ...   (a console launcher: hitl-midi is a command-line tool)
#   5. jpackage --type msi --app-image hitl-midi --win-menu --win-dir-chooser --win-per-user-install
#        --win-upgrade-uuid a61e0517-5b26-48c1-99d6-bc3a0ad44d8f  (fixed, so a new .msi upgrades the old one)
# After installing: the launcher is %LOCALAPPDATA%\Programs\hitl-midi\hitl-midi.exe (per-user install); add
# that folder to your PATH. Windows has no virtual MIDI ports in its classic API: install loopMIDI, create a
# port, and start the device on it:  hitl-midi start --backend "device:loopMIDI Port".
# To start the device at login, create a shortcut in shell:startup to
#   hitl-midi.exe start --backend "device:loopMIDI Port"
# (hitl-midi service is for systemd and launchd only).
param(
    [ValidateSet("app-image", "msi", "all")] [string] $Type = "all",
    [string] $Dest = ""
)
$ErrorActionPreference = "Stop"
$repo = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
if ($Dest -eq "") { $Dest = Join-Path $repo "target\installer" }
foreach ($tool in @("jdeps", "jlink", "jpackage", "mvn")) {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "build: $tool not found on the PATH" }
}
if (($Type -ne "app-image") -and -not (Get-Command "candle.exe" -ErrorAction SilentlyContinue)) {
    throw "build: WiX Toolset 3.x (candle.exe, light.exe) is needed for the .msi: https://wixtoolset.org"
}

# Always rebuild: a jar left from another OS would carry the wrong JavaFX natives.
Push-Location $repo
try { & mvn -B -q -DskipTests package; if ($LASTEXITCODE -ne 0) { throw "build: mvn package failed" } }
finally { Pop-Location }
$jar = Join-Path $repo "target\hitl-midi.jar"
$name = "hitl-midi"
$version = ((& java -jar $jar --version) -split " ")[1] -replace "[^0-9.].*$", ""
New-Item -ItemType Directory -Force -Path $Dest | Out-Null
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("hitl-midi-build-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $work | Out-Null
try {
    $modules = (& jdeps --multi-release 17 --ignore-missing-deps --print-module-deps $jar).Trim()
    Write-Host "build: runtime modules $modules"
    & jlink --add-modules $modules --strip-debug --no-header-files --no-man-pages --compress=2 --output "$work\runtime"
    if ($LASTEXITCODE -ne 0) { throw "build: jlink failed" }

    New-Item -ItemType Directory -Path "$work\input" | Out-Null
    Copy-Item $jar "$work\input\$name.jar"
    Copy-Item -Recurse (Join-Path $repo "presets") "$work\input\presets"
    $common = @("--name", $name, "--app-version", $version, "--vendor", "hitl-midi",
        "--description", "A MIDI device that composes with a human in the loop", "--copyright", "hitl-midi authors")

    # A bounded heap for every command of the package, the device's (org.hitlmidi.service.DeviceJvm; issue 16)
    & jpackage --type app-image @common --input "$work\input" --main-jar "$name.jar" `
        --java-options -Xmx768m --java-options -XX:+UseSerialGC --java-options -XX:-UsePerfData `
        --main-class org.hitlmidi.cli.Main --runtime-image "$work\runtime" --dest "$work\image" --win-console
    if ($LASTEXITCODE -ne 0) { throw "build: jpackage app-image failed" }
    & "$work\image\$name\$name.exe" --version
    if ($LASTEXITCODE -ne 0) { throw "build: the launcher does not start" }

    if ($Type -eq "app-image" -or $Type -eq "all") {
        Copy-Item -Recurse -Force "$work\image\$name" (Join-Path $Dest $name)
    }
    if ($Type -eq "msi" -or $Type -eq "all") {
        & jpackage --type msi @common --app-image "$work\image\$name" --dest $Dest --win-menu --win-dir-chooser `
            --win-per-user-install --win-upgrade-uuid "a61e0517-5b26-48c1-99d6-bc3a0ad44d8f"
        if ($LASTEXITCODE -ne 0) { throw "build: jpackage msi failed" }
    }
    Get-ChildItem $Dest
}
finally { Remove-Item -Recurse -Force $work }
