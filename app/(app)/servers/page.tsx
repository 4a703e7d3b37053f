import { redirect } from "next/navigation";

// Servers are listed on the Fleet page; /servers/<id> is one server.
export default function ServersIndex(): never {
  redirect("/fleet");
}
