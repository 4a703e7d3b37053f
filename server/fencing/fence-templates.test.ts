import { describe, expect, it } from "vitest";
import { FENCE_TEMPLATES, fenceTemplate, fillFromTemplate, templateVarProblems, ZFenceTemplate } from "./fence-templates";

describe("fence templates", () => {
  it("has one valid template per kind but CUSTOM, each passing the target as $TANDEM_PLUG", () => {
    expect(Object.keys(FENCE_TEMPLATES).sort()).toEqual(["AWS", "IPMI", "LIBVIRT", "PROXMOX"]);
    expect(fenceTemplate("CUSTOM")).toBeNull();
    for (const t of Object.values(FENCE_TEMPLATES)) {
      expect(ZFenceTemplate.parse(t)).toEqual(t);
      for (const c of [t.actionCommand, t.statusCommand, t.onCommand]) expect(c).toContain('"$TANDEM_PLUG"');
      expect(() => new RegExp(t.offPattern, "i")).not.toThrow();
    }
  });

  it("IPMI reads its password from the environment (-E), never from the command line", () => {
    const t = FENCE_TEMPLATES.IPMI;
    expect(t.actionCommand).toBe('ipmitool -I lanplus -H "$TANDEM_PLUG" -U "$IPMI_USER" -E chassis power off');
    expect(t.statusCommand).toBe('ipmitool -I lanplus -H "$TANDEM_PLUG" -U "$IPMI_USER" -E chassis power status');
    expect(t.onCommand).toBe('ipmitool -I lanplus -H "$TANDEM_PLUG" -U "$IPMI_USER" -E chassis power on');
    expect(t.actionCommand).not.toContain("IPMI_PASSWORD");
    expect(t.vars).toEqual([
      expect.objectContaining({ name: "IPMI_USER", secret: false, required: true }),
      expect.objectContaining({ name: "IPMI_PASSWORD", secret: true, required: true }),
    ]);
  });

  // The off patterns must match what the tools print once the target is off, and not what they print while it runs.
  it.each([
    ["IPMI", "Chassis Power is off\n", "Chassis Power is on\n"],
    ["LIBVIRT", "shut off", "running"],
    ["PROXMOX", "status: stopped", "status: running"],
    ["AWS", "stopped", "stopping"],
  ] as const)("%s's off pattern tells off from on", (kind, off, on) => {
    const re = new RegExp(FENCE_TEMPLATES[kind].offPattern, "i");
    expect(re.test(off.trim())).toBe(true);
    expect(re.test(on.trim())).toBe(false);
  });

  it("AWS names its region as a setting and its keys as secrets", () => {
    const vars = Object.fromEntries(FENCE_TEMPLATES.AWS.vars.map((v) => [v.name, v.secret]));
    expect(vars).toEqual({ AWS_DEFAULT_REGION: false, AWS_ACCESS_KEY_ID: true, AWS_SECRET_ACCESS_KEY: true });
  });
});

describe("fillFromTemplate", () => {
  it("fills missing commands from the kind's template and keeps the given ones", () => {
    const { commands, missing } = fillFromTemplate("LIBVIRT", { statusCommand: "virsh -c qemu:///system domstate \"$TANDEM_PLUG\"" });
    expect(missing).toEqual([]);
    expect(commands).toEqual({
      actionCommand: 'virsh destroy "$TANDEM_PLUG"',
      statusCommand: 'virsh -c qemu:///system domstate "$TANDEM_PLUG"',
      offPattern: "^shut off$",
      onCommand: 'virsh start "$TANDEM_PLUG"',
    });
    expect(fillFromTemplate("PROXMOX", { onCommand: null }).commands.onCommand).toBeNull();
  });

  it("names what a CUSTOM device lacks", () => {
    expect(fillFromTemplate("CUSTOM", { actionCommand: "fence" }).missing).toEqual(["statusCommand", "offPattern"]);
    expect(fillFromTemplate("CUSTOM", { actionCommand: "a", statusCommand: "s", offPattern: "off" })).toEqual({
      commands: { actionCommand: "a", statusCommand: "s", offPattern: "off", onCommand: null },
      missing: [],
    });
  });
});

describe("templateVarProblems", () => {
  const ipmi = FENCE_TEMPLATES.IPMI.actionCommand;
  it("accepts a complete IPMI device", () => {
    expect(templateVarProblems("IPMI", { actionCommand: ipmi, envNames: ["IPMI_USER"], secretNames: ["IPMI_PASSWORD"] })).toEqual([]);
  });
  it("refuses a password given as a plain variable, and asks for missing required ones", () => {
    expect(templateVarProblems("IPMI", { actionCommand: ipmi, envNames: ["IPMI_USER", "IPMI_PASSWORD"], secretNames: [] })).toEqual([
      { path: "body.env.IPMI_PASSWORD", message: expect.stringMatching(/is a secret/) },
    ]);
    expect(templateVarProblems("IPMI", { actionCommand: ipmi, envNames: [], secretNames: [] }).map((p) => p.path)).toEqual(["body.env.IPMI_USER", "body.secrets.IPMI_PASSWORD"]);
    expect(templateVarProblems("AWS", { actionCommand: FENCE_TEMPLATES.AWS.actionCommand, envNames: ["AWS_DEFAULT_REGION"], secretNames: ["AWS_DEFAULT_REGION"] })[0]!.path).toBe("body.secrets.AWS_DEFAULT_REGION");
  });
  it("does not ask for the template's variables once the action command is the admin's own", () => {
    expect(templateVarProblems("IPMI", { actionCommand: "/usr/local/bin/fence-bmc", envNames: [], secretNames: [] })).toEqual([]);
    expect(templateVarProblems("CUSTOM", { actionCommand: "x", envNames: ["IPMI_PASSWORD"], secretNames: [] })).toEqual([]);
  });
});
