function k() { return 1; x = 2; }
const r = await fetch("https://x.test/");
console.log(k());
