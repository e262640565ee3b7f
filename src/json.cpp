bool entente_stub_json = true;
