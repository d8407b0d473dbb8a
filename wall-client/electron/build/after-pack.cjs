/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook loaded by electron-builder */
// electron-builder afterPack hook: flips Electron's fuses in the packaged binary, before the
// AppImage/deb is made, so that the shipped kiosk cannot be turned into a Node runtime or a
// debug target (Electron security checklist: "Check which fuses you can change").
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The single source of the fuse settings; packaging.test.ts asserts it exactly. */
const fuseConfig = Object.freeze({
  version: FuseVersion.V1,
  strictlyRequireAllFuses: false,
  // No ELECTRON_RUN_AS_NODE: the binary stays Electron, never a general Node interpreter.
  [FuseV1Options.RunAsNode]: false,
  // Cookies on disk are encrypted with the OS keyring.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect cannot inject code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app.asar is checked against its build-time hash (where the platform supports it)
  // and is the only place app code may come from.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The renderer is served from app://, so file:// needs no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
});

function electronBinary(context) {
  const name = context.packager.executableName;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, name);
  }
}

async function afterPack(context) {
  const binary = electronBinary(context);
  await flipFuses(binary, fuseConfig);
  console.log(`  • fuses flipped  file=${binary}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.fuseConfig = fuseConfig;
module.exports.electronBinary = electronBinary;
