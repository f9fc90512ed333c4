// A small workflow: log in, page through orders, fetch each customer in
// parallel, post a summary. Every `await fetch` is a point where FetchFlow
// can snapshot the whole script and resume it later, anywhere.
async function login() {
  const res = await fetch("https://api.example.com/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: "demo" }),
  });
  if (!res.ok) throw new Error("login failed: " + res.status);
  return (await res.json()).token;
}

const token = await login();
const orders = [];
let page = 1;
while (page) {
  const res = await fetch(`https://api.example.com/orders?page=${page}&token=${token}`);
  const body = await res.json();
  orders.push(...body.items);
  page = body.next;
}
const ids = [...new Set(orders.map((o) => o.customer))];
const customers = await Promise.all(
  ids.map((id) => fetch(`https://api.example.com/customers/${id}`).then((r) => r.json())));
const byName = new Map(customers.map((c) => [c.id, c.name]));
let total = 0;
for (const { customer, amount } of orders) {
  total += amount;
  console.log(`${byName.get(customer)}: ${amount.toFixed(2)}`);
}
const receipt = await fetch("https://api.example.com/summaries", {
  method: "POST",
  body: JSON.stringify({ orders: orders.length, total }),
});
console.log("summary stored:", receipt.status, (await receipt.json()).id);
total;
