import net from "node:net";
import { describe, expect, it } from "vitest";

describe("test network guard", () => {
  it("refuses connections beyond loopback", async () => {
    const error = await new Promise<Error>((resolve) => {
      const socket = net.connect({ host: "example.org", port: 443 });
      socket.on("error", resolve);
    });
    expect(error.message).toBe("Network access to example.org is blocked in tests.");
    await expect(fetch("https://huggingface.co/")).rejects.toThrow();
  });

  it("allows loopback", async () => {
    const server = net.createServer((s) => s.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () =>
        socket.on("data", (d) => resolve(d.toString())),
      );
      socket.on("error", reject);
    });
    server.close();
    expect(reply).toBe("ok");
  });
});
