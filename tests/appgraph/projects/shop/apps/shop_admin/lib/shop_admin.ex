defmodule ShopAdmin do
  @moduledoc false
end
