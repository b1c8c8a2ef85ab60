// Recalculates a spreadsheet in headless LibreOffice Calc and exports it as CSV (see SPREADSHEETS.md).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const SOFFICE = process.env.QUOTEDESK_SOFFICE ?? '/usr/bin/soffice';

const esc = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * The macro the headless run executes. Links are updated explicitly (a document loaded from the
 * command line keeps WEBSERVICE cells at Err:540), the document is loaded read-only (a killed run
 * leaves no lock file) and closed on every path (or soffice hangs for good).
 */
const MACRO = `Sub Recalc(inPath As String, outPath As String)
  Dim doc As Object
  On Error GoTo Failed
  Dim load(2) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  load(1).Name = "ReadOnly"
  load(1).Value = True
  load(2).Name = "UpdateDocMode"
  load(2).Value = 3
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), "_blank", 0, load())
  Dim sync(0) As New com.sun.star.beans.PropertyValue
  sync(0).Name = "SynchronMode"
  sync(0).Value = True
  Dim dispatcher As Object
  dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
  dispatcher.executeDispatch(doc.getCurrentController().getFrame(), ".uno:UpdateTableLinks", "", 0, sync())
  doc.calculateAll()
  Dim store(1) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName"
  store(0).Value = "Text - txt - csv (StarCalc)"
  store(1).Name = "FilterOptions"
  store(1).Value = "44,34,76,1"
  doc.storeToURL(ConvertToURL(outPath), store())
  doc.close(True)
  Exit Sub
Failed:
  If Not IsNull(doc) Then doc.close(True)
End Sub
`;

/** A fresh LibreOffice profile that trusts the macro and skips the first-start wizardry. */
export function createProfile(dir: string): string {
  const user = path.join(dir, 'user');
  const basic = path.join(user, 'basic');
  fs.mkdirSync(path.join(basic, 'Standard'), { recursive: true });
  const doctype = (root: string, dtd: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ${root} PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "${dtd}">\n`;
  fs.writeFileSync(
    path.join(user, 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
`,
  );
  fs.writeFileSync(
    path.join(basic, 'script.xlc'),
    doctype('library:libraries', 'libraries.dtd') +
      `<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" xlink:href="$(USER)/basic/Standard/script.xlb/" xlink:type="simple" library:link="false"/>
</library:libraries>
`,
  );
  fs.writeFileSync(
    path.join(basic, 'Standard', 'script.xlb'),
    doctype('library:library', 'library.dtd') +
      `<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Module1"/>
</library:library>
`,
  );
  fs.writeFileSync(
    path.join(basic, 'Standard', 'Module1.xba'),
    doctype('script:module', 'module.dtd') +
      `<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">${esc(MACRO)}</script:module>
`,
  );
  return dir;
}

export type Cell = { text: string } | { formula: string };

/** A flat ODF spreadsheet (.fods); formulas are OpenFormula, e.g. `of:=COM.MICROSOFT.WEBSERVICE(...)`. */
export function flatOds(rows: Cell[][]): string {
  const cell = (c: Cell) =>
    'formula' in c
      ? `<table:table-cell table:formula="${esc(c.formula)}"/>`
      : `<table:table-cell office:value-type="string"><text:p>${esc(c.text)}</text:p></table:table-cell>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet><table:table table:name="Quotes">
${rows.map((r) => `<table:table-row>${r.map(cell).join('')}</table:table-row>`).join('\n')}
</table:table></office:spreadsheet></office:body></office:document>
`;
}

/** Opens `input` in headless Calc, updates its links, recalculates and writes `output` as CSV. */
export function recalcToCsv(profileDir: string, input: string, output: string, timeoutMs = 60_000): Promise<string> {
  const macro = `macro:///Standard.Module1.Recalc("${input}","${output}")`;
  return new Promise((resolve, reject) => {
    execFile(
      'timeout',
      [
        '--kill-after=5',
        String(Math.ceil(timeoutMs / 1000)),
        SOFFICE,
        `-env:UserInstallation=${pathToFileURL(profileDir).href}`,
        '--headless',
        '--norestore',
        '--nologo',
        macro,
      ],
      { env: { ...process.env, HOME: profileDir } },
      (err, stdout, stderr) => {
        if (fs.existsSync(output)) resolve(fs.readFileSync(output, 'utf8'));
        else reject(new Error(`soffice wrote no output (${err?.message ?? 'exit 0'}): ${stdout}${stderr}`));
      },
    );
  });
}
