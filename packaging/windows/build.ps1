# Builds the Windows bundle and installer (PowerShell, from the repository root):
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# Needs Python 3.11 (the "py" launcher) and Inno Setup 6 (iscc.exe on PATH or in its default
# folder). Produces dist\agent-toolbar\ (onedir, windowed) and
# dist\agent-toolbar-<version>-windows-x64-setup.exe. The version comes from the package.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
$py = ".venv\Scripts\python.exe"
& $py -m pip install -q -e ".[package]"
if ($LASTEXITCODE) { throw "pip install failed" }

$version = (& $py -c "import agent_toolbar; print(agent_toolbar.__version__)").Trim()
& $py packaging\render_icon.py build\icons
if ($LASTEXITCODE) { throw "icon rendering failed" }
& $py -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller packaging\agent-toolbar.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }

$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" packaging\windows\agent-toolbar.iss
if ($LASTEXITCODE) { throw "Inno Setup failed" }
Write-Host "built dist\agent-toolbar and dist\agent-toolbar-$version-windows-x64-setup.exe"
