/** `slipway customer ls` and `slipway customer create --name N --channel C [--email E] [--type T] [--expires-at DATE] [--airgap]`. */
import { CliError, EXIT } from "../cli-error";
import { appPath, connect, print, requireApp, type Command } from "../command";
import { formatDate, formatTable } from "../format-table";

interface Customer {
  id: string;
  name: string;
  email: string | null;
  channel: string;
  licenseId: string;
  type: string;
  expiresAt: string | null;
  airgap: boolean;
  archived: boolean;
}

export const customerList: Command = {
  usage: "customer ls [--archived]",
  summary: "list the application's customers, newest first",
  options: { archived: { type: "boolean" } },
  async run(context, values) {
    const query = values.archived ? "?archived=include" : "";
    const { customers } = await connect(context).get<{ customers: Customer[] }>(`${appPath(requireApp(context))}/customers${query}`);
    print(context, { customers }, () =>
      formatTable(
        ["NAME", "CHANNEL", "TYPE", "EXPIRES", "AIRGAP", "ID"],
        customers.map((customer) => [customer.name + (customer.archived ? " (archived)" : ""), customer.channel, customer.type, formatDate(customer.expiresAt), customer.airgap ? "yes" : "no", customer.id]),
        "No customers yet.",
      ),
    );
    return EXIT.ok;
  },
};

export const customerCreate: Command = {
  usage: "customer create --name NAME --channel CHANNEL [--email E] [--type dev|trial|paid|community] [--expires-at YYYY-MM-DD] [--airgap]",
  summary: "create a customer with a new license on a channel",
  options: {
    name: { type: "string" },
    channel: { type: "string" },
    email: { type: "string" },
    type: { type: "string" },
    "expires-at": { type: "string" },
    airgap: { type: "boolean" },
  },
  async run(context, values) {
    if (!values.name || !values.channel) throw new CliError("customer create needs --name and --channel (for example --name \"Acme Corp\" --channel Stable).");
    const body = {
      name: values.name,
      channel: values.channel,
      ...(values.email ? { email: values.email } : {}),
      ...(values.type ? { type: values.type } : {}),
      ...(values["expires-at"] ? { expiresAt: values["expires-at"] } : {}),
      airgap: values.airgap === true,
    };
    const { customer } = await connect(context).post<{ customer: Customer }>(`${appPath(requireApp(context))}/customers`, body);
    print(context, { customer }, () => `Created customer "${customer.name}" on ${customer.channel}; license ID ${customer.licenseId}.\n`);
    return EXIT.ok;
  },
};
