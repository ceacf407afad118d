// Shared by the oracle tests: compiles an exported Groth16 verifier (zks export-verifier /
// zks setup's verifier.sol) with solc 0.8.28, deploys it into a fresh @ethereumjs/evm and
// returns call helpers. verifyProof/verifyBatch results are decoded with ethers' ABI coder;
// a revert is an error (the verifier answers false, it never reverts on a bad proof).
"use strict";
const solc = require("solc");
const { ethers } = require("ethers");

const CONTRACT = "Groth16Verifier";

function compile(source) {
    const input = {
        language: "Solidity",
        sources: { "Verifier.sol": { content: source } },
        settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
    };
    const out = JSON.parse(solc.compile(JSON.stringify(input)));
    const errors = (out.errors || []).filter((e) => e.severity === "error");
    if (errors.length) throw new Error("solc: " + JSON.stringify(errors));
    return out.contracts["Verifier.sol"][CONTRACT];
}

// deployVerifier(soliditySource) -> { call(fn, args) -> { ok, gas }, iface }
async function deployVerifier(source) {
    const { createEVM } = await import("@ethereumjs/evm");
    const { createAddressFromString, hexToBytes, bytesToHex } = await import("@ethereumjs/util");
    const c = compile(source);
    const iface = new ethers.utils.Interface(c.abi);
    const evm = await createEVM();
    const caller = createAddressFromString("0x" + "11".repeat(20));
    const deployed = await evm.runCall({ caller, data: hexToBytes("0x" + c.evm.bytecode.object), gasLimit: 10000000n });
    if (deployed.execResult.exceptionError) throw new Error("deploy: " + deployed.execResult.exceptionError.error);
    const to = deployed.createdAddress;

    async function call(fn, args) {
        const data = iface.encodeFunctionData(fn, args);
        const r = await evm.runCall({ caller, to, data: hexToBytes(data), gasLimit: 30000000n });
        if (r.execResult.exceptionError) throw new Error(`${fn} reverted: ${r.execResult.exceptionError.error}`);
        const [ok] = iface.decodeFunctionResult(fn, bytesToHex(r.execResult.returnValue));
        return { ok, gas: r.execResult.executionGasUsed };
    }
    return { call, iface };
}

module.exports = { deployVerifier };
