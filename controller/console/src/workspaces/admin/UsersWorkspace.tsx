// Placeholder: built in issue 11 by its own workspace.
export default function Placeholder() {
  return <section className="workspace" data-workspace="admin" />;
}
