; Inno Setup script for agent-toolbar: a per-machine installer around the PyInstaller bundle.
;
; Build (on Windows, after the bundle exists in dist\agent-toolbar\ and the icon in build\icons\):
;   iscc /DAppVersion=0.1.0 packaging\windows\agent-toolbar.iss
; Output: dist\agent-toolbar-0.1.0-windows-x64-setup.exe
;
; Silent fleet install (no window, no questions; run elevated, e.g. from SCCM/Intune/GPO):
;   agent-toolbar-0.1.0-windows-x64-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;       [/CONFIG="\\fileserver\deploy\agent-toolbar.ini"] [/TASKS="autostart"] [/LOG="C:\Temp\at.log"]
;   /CONFIG copies the administrator's INI to %ProgramData%\agent-toolbar\agent-toolbar.ini, the
;   system-wide file QSettings reads (IniFormat, SystemScope); operators can read it, not change
;   it, and the keys it locks (admin/locked) cannot be changed in the app either.
;   /TASKS="autostart" starts the toolbar at every user's logon; "desktopicon" adds a shortcut.
; Silent uninstall:
;   "%ProgramFiles%\Agent Toolbar\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; (the system INI and the users' own settings and logs are left in place.)

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Agent Toolbar"
#define AppExe "agent-toolbar.exe"
#define Root "..\.."

[Setup]
AppId={{B0EBB448-6F03-4502-9F61-C629B9CA27AD}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=agent-toolbar
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=agent-toolbar-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\build\icons\agent-toolbar.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no
SetupLogging=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "autostart"; Description: "Start at logon for every user"; Flags: unchecked
Name: "links"; Description: "Call tel:, callto: and sip: links with {#AppName}"

[Files]
Source: "{#Root}\dist\agent-toolbar\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#Root}\packaging\examples\agent-toolbar.ini"; DestDir: "{app}"; DestName: "agent-toolbar.ini.example"; Flags: ignoreversion
; The administrator's system-wide settings, only when /CONFIG=<file> is given.
Source: "{code:ConfigSource}"; DestDir: "{commonappdata}\agent-toolbar"; DestName: "agent-toolbar.ini"; Flags: external ignoreversion; Check: HasConfig

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon
Name: "{commonstartup}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: autostart

[Registry]
; Click-to-dial: one URL-protocol class, offered for tel:, callto:, sip: and sips: under
; Settings > Default apps (Capabilities + RegisteredApplications), and claimed outright by the
; "links" task (the scheme keys), so a CRM's phone links start "agent-toolbar.exe <link>",
; which hands the number to the running toolbar.
Root: HKLM; Subkey: "Software\Classes\AgentToolbar.Link"; ValueType: string; ValueName: ""; ValueData: "URL:Phone link ({#AppName})"; Flags: uninsdeletekey
Root: HKLM; Subkey: "Software\Classes\AgentToolbar.Link"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKLM; Subkey: "Software\Classes\AgentToolbar.Link\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKLM; Subkey: "Software\Classes\AgentToolbar.Link\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKLM; Subkey: "Software\agent-toolbar\Capabilities"; ValueType: string; ValueName: "ApplicationName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKLM; Subkey: "Software\agent-toolbar\Capabilities"; ValueType: string; ValueName: "ApplicationDescription"; ValueData: "Contact-center toolbar: calls phone links"
Root: HKLM; Subkey: "Software\agent-toolbar\Capabilities\URLAssociations"; ValueType: string; ValueName: "tel"; ValueData: "AgentToolbar.Link"
Root: HKLM; Subkey: "Software\agent-toolbar\Capabilities\URLAssociations"; ValueType: string; ValueName: "callto"; ValueData: "AgentToolbar.Link"
Root: HKLM; Subkey: "Software\agent-toolbar\Capabilities\URLAssociations"; ValueType: string; ValueName: "sip"; ValueData: "AgentToolbar.Link"
Root: HKLM; Subkey: "Software\agent-toolbar\Capabilities\URLAssociations"; ValueType: string; ValueName: "sips"; ValueData: "AgentToolbar.Link"
Root: HKLM; Subkey: "Software\RegisteredApplications"; ValueType: string; ValueName: "{#AppName}"; ValueData: "Software\agent-toolbar\Capabilities"; Flags: uninsdeletevalue
Root: HKLM; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: ""; ValueData: "URL:tel"; Flags: uninsdeletekey; Tasks: links
Root: HKLM; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: links
Root: HKLM; Subkey: "Software\Classes\tel\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: links
Root: HKLM; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: ""; ValueData: "URL:callto"; Flags: uninsdeletekey; Tasks: links
Root: HKLM; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: links
Root: HKLM; Subkey: "Software\Classes\callto\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: links
Root: HKLM; Subkey: "Software\Classes\sip"; ValueType: string; ValueName: ""; ValueData: "URL:sip"; Flags: uninsdeletekey; Tasks: links
Root: HKLM; Subkey: "Software\Classes\sip"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: links
Root: HKLM; Subkey: "Software\Classes\sip\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: links

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function ConfigSource(Param: String): String;
begin
  Result := ExpandConstant('{param:CONFIG|}');
end;

function HasConfig(): Boolean;
begin
  Result := (ConfigSource('') <> '') and FileExists(ConfigSource(''));
  if (ConfigSource('') <> '') and not Result then
    Log('CONFIG file not found: ' + ConfigSource(''));
end;
