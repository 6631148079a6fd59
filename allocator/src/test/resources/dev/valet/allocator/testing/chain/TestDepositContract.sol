// SPDX-License-Identifier: CC0-1.0
pragma solidity 0.8.37;

// The deposit contract's interface as the consensus specs publish it (solidity_deposit_contract).
interface IDepositContract {
    event DepositEvent(
        bytes pubkey,
        bytes withdrawal_credentials,
        bytes amount,
        bytes signature,
        bytes index
    );

    function deposit(
        bytes calldata pubkey,
        bytes calldata withdrawal_credentials,
        bytes calldata signature,
        bytes32 deposit_data_root
    ) external payable;

    function get_deposit_root() external view returns (bytes32);

    function get_deposit_count() external view returns (bytes memory);
}

interface IERC165 {
    function supportsInterface(bytes4 interfaceId) external pure returns (bool);
}

// Valet's stand-in for the deposit contract on a dev chain, written for its tests. Like the real
// one it accepts a deposit only when deposit_data_root is the SSZ hash tree root of the data it
// comes with, emits DepositEvent with the amount and index as 8 little-endian bytes, and keeps the
// deposit roots in an incremental Merkle tree of depth 32.
contract TestDepositContract is IDepositContract, IERC165 {
    uint256 private constant TREE_DEPTH = 32;

    bytes32[TREE_DEPTH] private leftNodes;
    bytes32[TREE_DEPTH] private emptySubtrees;
    uint256 private depositCount;

    constructor() {
        for (uint256 level = 1; level < TREE_DEPTH; level++) {
            emptySubtrees[level] = sha256(abi.encodePacked(emptySubtrees[level - 1], emptySubtrees[level - 1]));
        }
    }

    function deposit(
        bytes calldata pubkey,
        bytes calldata withdrawal_credentials,
        bytes calldata signature,
        bytes32 deposit_data_root
    ) external payable override {
        require(pubkey.length == 48, "pubkey: 48 bytes expected");
        require(withdrawal_credentials.length == 32, "withdrawal_credentials: 32 bytes expected");
        require(signature.length == 96, "signature: 96 bytes expected");
        require(msg.value >= 1 ether, "a deposit is at least 1 ether");
        require(msg.value % 1 gwei == 0, "a deposit is a whole number of gwei");
        uint256 gweiAmount = msg.value / 1 gwei;
        require(gweiAmount <= type(uint64).max, "deposit too large");
        bytes memory amount = littleEndian(uint64(gweiAmount));

        bytes32 root = dataRoot(pubkey, withdrawal_credentials, amount, signature);
        require(root == deposit_data_root, "deposit_data_root does not match the deposit data");
        require(depositCount < (1 << TREE_DEPTH) - 1, "the deposit tree is full");

        emit DepositEvent(pubkey, withdrawal_credentials, amount, signature, littleEndian(uint64(depositCount)));
        addLeaf(root);
    }

    function get_deposit_root() external view override returns (bytes32) {
        bytes32 node;
        uint256 size = depositCount;
        for (uint256 level = 0; level < TREE_DEPTH; level++) {
            if (size & 1 == 1) {
                node = sha256(abi.encodePacked(leftNodes[level], node));
            } else {
                node = sha256(abi.encodePacked(node, emptySubtrees[level]));
            }
            size >>= 1;
        }
        return sha256(abi.encodePacked(node, littleEndian(uint64(depositCount)), bytes24(0)));
    }

    function get_deposit_count() external view override returns (bytes memory) {
        return littleEndian(uint64(depositCount));
    }

    function supportsInterface(bytes4 interfaceId) external pure override returns (bool) {
        return interfaceId == type(IERC165).interfaceId || interfaceId == type(IDepositContract).interfaceId;
    }

    // hash_tree_root(DepositData): pubkey padded to two chunks, the credentials, the amount padded
    // to a chunk, the signature as three chunks padded to four.
    function dataRoot(
        bytes calldata pubkey,
        bytes calldata withdrawalCredentials,
        bytes memory amount,
        bytes calldata signature
    ) private pure returns (bytes32) {
        bytes32 pubkeyRoot = sha256(abi.encodePacked(pubkey, bytes16(0)));
        bytes32 signatureRoot = sha256(
            abi.encodePacked(
                sha256(abi.encodePacked(signature[:64])),
                sha256(abi.encodePacked(signature[64:], bytes32(0)))
            )
        );
        return sha256(
            abi.encodePacked(
                sha256(abi.encodePacked(pubkeyRoot, withdrawalCredentials)),
                sha256(abi.encodePacked(amount, bytes24(0), signatureRoot))
            )
        );
    }

    function addLeaf(bytes32 leaf) private {
        depositCount += 1;
        uint256 size = depositCount;
        bytes32 node = leaf;
        for (uint256 level = 0; level < TREE_DEPTH; level++) {
            if (size & 1 == 1) {
                leftNodes[level] = node;
                return;
            }
            node = sha256(abi.encodePacked(leftNodes[level], node));
            size >>= 1;
        }
    }

    function littleEndian(uint64 value) private pure returns (bytes memory out) {
        out = new bytes(8);
        for (uint256 i = 0; i < 8; i++) {
            out[i] = bytes1(uint8(value >> (8 * i)));
        }
    }
}
