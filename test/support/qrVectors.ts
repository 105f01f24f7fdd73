// QR codes made by libqrencode 4.1.1 (`qrencode -l M -8 -t ASCII -m 0 TEXT`),
// an independent encoder, for renderer/qr/qrCode.ts to match module for
// module: each row's modules as a hexadecimal number (dark = 1, first
// module highest), and the mask qrencode chose (read from its format bits).

export interface QrVector {
  label: string;
  text: string;
  mask: number;
  rows: string[];
}

export const QR_VECTORS: QrVector[] = [
  {
    label: "hello",
    text: 'hello',
    mask: 7,
    rows: [
      "1fcc7f", "104c41", "17495d", "17465d", "174d5d", "105341",
      "1fd57f", "300", "12d8a0", "58443", "3798d", "1d920b",
      "d6550", "1a35", "1fc4ae", "1057b0", "174271", "175a2f",
      "174d15", "104cc0", "1fdf2a",
    ],
  },
  {
    label: "address",
    text: 'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst@192.168.100.200:5670',
    mask: 2,
    rows: [
      "1fc3f5747f", "1048ae9341", "175927d25d", "17574a4f5d", "1754e7e55d", "105a959f41",
      "1fd555557f", "1f409100", "17c9c5297c", "30b3074a4", "16c34d1233", "aa310b5c0",
      "ae1080cdd", "14bb9f6d28", "12e73902c7", "1fbaefa151", "f5c9008fe", "140ca5f064",
      "17d5721a1f", "191267a003", "1acb6b2edd", "8b896ed20", "137664df7b", "52ba3e362",
      "15d304197c", "182b70f4a4", "10fcc01b27", "118b50d683", "1475490df4", "1cdee710",
      "1fc8b94153", "105b9d8510", "175d310bfc", "175726f6d9", "175139d52b", "1045279151",
      "1fd1e90ee7",
    ],
  },
  {
    label: "150 bytes",
    text: 'y'.repeat(150),
    mask: 1,
    rows: [
      "1fd8a8555597f", "104e5eddddf41", "175fdb8888b5d", "174d7eaaaaa5d", "174cdbfd5505d", "105f8ec5ddc41",
      "1fd555555557f", "c7cc777500", "1467f07d55425", "7a7ea6aaaaa7", "7c7596222125", "80021b77757a",
      "148c31555452", "6222f6aaaaa7", "1842c66222125", "102e37b77757a", "478d01555452", "1993426aaaaa7",
      "1054e96222125", "8851b77757a", "16588c1555452", "4a7ee6aaaaa7", "df395fe221f5", "131b95c77751a",
      "d52e8d555752", "15148ac6aab17", "1f8057e221f5", "1ab1f5df777da", "1948ebc955682", "1bb3fc6aaa8a7",
      "15f5111622055", "93755df777d9", "ac120c955681", "12927e6aaa8a7", "1762311622055", "1482d5df777da",
      "be9e0c955682", "b3b026aaa8a7", "8c6111622055", "e3b15df777da", "1c50f8fd557f2", "15ce46aab17",
      "1fde9d5622355", "104d95477751a", "1743207d555f2", "174122f6aab76", "17560d9622156", "104681ab776a8",
      "1fd5f06155621",
    ],
  },
  {
    label: "213 bytes",
    text: 'z'.repeat(213),
    mask: 1,
    rows: [
      "1fdca216666667f", "1043935ddddd241", "175e94a88888e5d", "174054b66666a5d", "1743a81fe66625d", "10505b5c5dddc41",
      "1fd55555555557f", "2a65c7777500", "146d3347d999825", "1abcfbe59999a97", "1d7fc4aa2222229", "391e65b7777579",
      "76d03c19999892", "dbc8b259999a97", "1ef3e46a2222229", "395d6db777757a", "1ed82c19999891", "9bc6a259999a97",
      "18f7caaa2222229", "595eb9b7777579", "cc83019999892", "9b26b259999a97", "96ec7aa2222229", "da4e59b7777579",
      "fe8f019999892", "19b96e259999a97", "9ff0ba7e2223f9", "151522947777719", "1d5c830d5999b52", "5194a2c5999b17",
      "19ff4ba7e2221f9", "a6625df7777d9", "84cd3049999b82", "15293aa25999a66", "1e6f0b626222068", "29eb2ddf7777d8",
      "840d1c49999b83", "11212be25999a67", "1a6f37226222069", "59ab61df7777d9", "8ced4c49999b82", "10a12ba25999a67",
      "1ae436226222069", "c97bd1df7777d9", "10d9d5c49999b82", "11262ba25999a67", "14f63c226222069", "1f16f11df7777d9",
      "7a7dcfd999bf2", "166bac5999917", "1fd79c2d6222159", "104651147777519", "174abd07d9999f2", "17466baf5999b74",
      "17574ca9a22219b", "104e1195b777598", "1fda5e061999a21",
    ],
  },
];
