defmodule ShopStore do
  @moduledoc false
end
